// Package web is the top layer.
package web

// Title is the page title.
const Title = "three"
