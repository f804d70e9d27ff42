"""Where the benchmark data comes from and how alu expects it on disk. The README's "Getting the data"
section is this text, verbatim (a test keeps them equal); ``alu eval`` prints it when data is missing."""

GUIDE = """\
Benchmark data lives outside this repository, in one folder: `--data DIR`, else `$ALU_DATA_DIR`, else
`../shared/data` (from the working directory, then from the checkout). alu reads local files only and
never downloads anything. Layout, per benchmark:

- **TOFU** (Maini et al. 2024; `locuslab/TOFU` on Hugging Face, code `locuslab/tofu`; MIT):
  `tofu/<split>.json` for full, forget01/05/10, retain90/95/99, holdout01/05/10, real_authors,
  world_facts, and `tofu/<split>_perturbed.json` (read first when present) and `tofu/retain_perturbed.json`.
  Records `{question, answer}` (or `{prompt, response}`), as a JSON array, JSON lines, or several
  concatenated arrays; real_authors/world_facts add `option1..option4`. The Hugging Face dataset stores
  exactly these files at its root: download it into `tofu/`.
- **WMDP** (Li et al. 2024; `cais/wmdp`, code `centerforaisafety/wmdp`; MIT): `wmdp/bio_questions.json`,
  `wmdp/cyber_questions.json`, `wmdp/chem_questions.json`: `{question, choices: [4], answer: 0-3 or
  "A"-"D"}` as a JSON array or JSON lines; else the Hugging Face layout `wmdp/wmdp-bio/test-*.parquet`
  (download `cais/wmdp` into `wmdp/`; parquet is read with `pyarrow`, in the `eval` extra) or
  `wmdp/wmdp-bio/test.jsonl` (from `load_dataset("cais/wmdp", "wmdp-bio")["test"].to_json(...)`).
- **MMLU** (Hendrycks et al. 2021; `cais/mmlu`, code `hendrycks/test`; MIT): `mmlu/test/<subject>_test.csv`
  and `mmlu/dev/<subject>_dev.csv` (dev: ICUL's examples), either with the header
  `question,choice0,choice1,choice2,choice3,answer` (answer 0-3) or the original headerless Hendrycks CSVs
  (answer A-D: unpack the original `data.tar` `test/` and `dev/` folders into `mmlu/`); else the Hugging
  Face layout `mmlu/<subject>/test-*.parquet` and `dev-*.parquet` (download `cais/mmlu` into `mmlu/`) or
  `test.jsonl` / `dev.jsonl`, records `{question, choices, answer: 0-3}`.
- **WPU** (Liu et al. 2024, Wikipedia Person Unlearn; `Shiyu-Lab/Wikipedia_Person_Unlearn`, code
  `UCSB-NLP-Chang/causal_unlearn`; MIT): `wpu/replace_name_forget_100.json` (the 100 forget_100 people, each
  with fictitious replacement names; from the code repository's `data/`) is all `alu eval wpu` needs. For
  its QA, pass the Hugging Face dataset saved locally with `alu eval wpu --hf DIR`: per-config folders or
  files (`forget_100/...`, `general_retain.jsonl`) of JSON, JSON lines or parquet (parquet is read with
  `pyarrow`, in the `eval` extra), records `{question, answer}` with the person in `title`.

On a machine with network, `huggingface-cli download <dataset> --repo-type dataset --local-dir DIR`
fetches a dataset; copy the files into the layout above."""
