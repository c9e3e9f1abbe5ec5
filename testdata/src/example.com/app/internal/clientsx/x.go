// Package clientsx shares a prefix with clients but is not below it.
package clientsx
