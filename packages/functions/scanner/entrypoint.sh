#!/bin/sh
# Lambda starts the image with its CMD (the handler, e.g. scan.handler) as arguments;
# aws-lambda-ric 4 reads the handler and the code's directory from the environment.
export _HANDLER="${1:-$_HANDLER}"
export LAMBDA_TASK_ROOT=/function
exec node /function/node_modules/aws-lambda-ric/index.mjs
