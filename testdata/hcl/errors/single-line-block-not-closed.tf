# Error: a block that opens with content on its first line must close on it.
locals { a = 1
}
