"""Qt-free core: banks, analysis, storage, settings. Nothing here imports Qt."""
