"""venice-codegen: generate a typed Python client from the Venice.ai OpenAPI spec.

Stages, one module each: `load` -> `validate` -> `normalize` -> `naming` -> `render` ->
`write`; `pipeline` runs them and `cli` is the command line.
"""
