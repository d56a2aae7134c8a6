# Error: the heredoc is never terminated (no closing EOT line).
locals {
  policy = <<EOT
{"Version": "2012-10-17"}
}
