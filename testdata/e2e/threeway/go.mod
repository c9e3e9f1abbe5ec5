module example.com/three

go 1.22
