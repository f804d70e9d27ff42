"""Drop-in shapes for adopting alu without rewriting client code, exported as `alu.completion`,
`alu.acompletion` (litellm's call shape, in `alu.adopt.completion`) and `alu.wrap` (an OpenAI client, in
`alu.adopt.openai_client`, which alone needs the `openai` package). The LiteLLM proxy guardrail is
`alu.guardrail.AluGuardrail`."""
