package cgouse

import "unsafe" // want `import of "unsafe" is banned here \(no-unsafe\)`

var size = unsafe.Sizeof(0) // ok: the import is the finding
