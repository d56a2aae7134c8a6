# Error: two blocks on one line.
x {} y {}
