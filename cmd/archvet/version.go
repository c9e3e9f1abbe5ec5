package main

// version is archvet's release; it is reported by -V=full and in SARIF.
const version = "v0.1.0"
