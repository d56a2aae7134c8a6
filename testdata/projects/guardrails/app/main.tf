provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadData"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "sns:Publish"]
      Resource = ["arn:aws:s3:::example-guarded-data/*", "arn:aws:sns:eu-west-1:333333333333:events"]
    }]
  })
}
