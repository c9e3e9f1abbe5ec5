package good

func useInTest() {
	g() // want "call of g"
}
