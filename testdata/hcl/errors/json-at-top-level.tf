# Error: a JSON object is not HCL native syntax.
{"locals": {"a": 1}}
