"""Small shared plumbing below every app: xlsx cells and responses, upload caps, model-move migrations."""
