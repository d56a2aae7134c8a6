# Syntax the reader must agree with HashiCorp's parser on.
locals {
  a     = "plain"
  b     = "with ${var.x} interp"
  c     = "${var.only}"
  d     = "esc \"q\" \\ \n \t \u00e9 $${literal} %%{literal}"
  e     = -1
  f     = !true
  g     = 1.5e3
  h     = null
  i     = [1, "two", [3], { four = 4 }]
  j     = { "quoted:key" = 1, bare = 2, 3 = "num" }
  k     = var.list[*].name
  l     = var.list.*.name
  m     = var.map["k"].attr[0]
  n     = var.list.0
  o     = a ? b : c
  p     = x == 1 && y != 2 || !z
  q     = (1 + 2) * 3 - 4 / 5 % 6
  r     = [for k, v in var.m : upper(v) if k != "skip"]
  s     = { for k, v in var.m : v => k... }
  t     = f(a, b...)
  u     = provider::aws::arn_parse("arn:aws:iam::123456789012:root")
  v     = "%{if var.c}yes%{else}no%{endif}"
  w     = "%{for x in var.xs}${x},%{endfor}"
  x     = "a${~ var.s ~}  b"
  y     = "${"nested ${var.z}"}"
  z     = "${1}"
  aa    = "${true}x"
  ab    = "é😀 unicode"
  ac    = ""
  ad    = "pre ${var.a ? "t" : "f"} post"
  ae    = -var.n
  af    = (var.paren)
  ag    = { (var.dyn) = 1 }
  ah    = { a.b = 1 }
  ai    = [
    # comment inside a tuple
    "x", // another
    /* block */ "y",
  ]
}

resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${var.acct}"}, "Action": "sts:AssumeRole"}]
}
EOT
  flush = <<-EOT
    indented ${var.x}
      more
  
    end
    EOT
  heredoc_only_interp = <<EOT
${var.x}
EOT
  heredoc_dir = <<EOT
%{ for s in var.list ~}
${s}
%{ endfor ~}
EOT
  empty_heredoc = <<EOT
EOT
}

block_ident label_ident "label two" {
  nested {
    deep = true
  }
  nested {
    deep = false
  }
}

dup "x" { v = 1 }
dup "x" { v = 2 }
