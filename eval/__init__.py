"""Evaluation of alu: local benchmark loaders (TOFU, WMDP, MMLU, WPU), metrics, attacks, baselines, runner.

Submodules are imported explicitly (``from alu.eval.metrics import rouge_l_recall``) so that importing
``alu.eval`` stays cheap and never touches data files.
"""
