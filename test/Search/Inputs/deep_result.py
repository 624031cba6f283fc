# A command evaluator whose result line nests 100000 arrays deep: once, it
# crashed the search (llvm::json's parser recurses per level).
print("some progress output")
print('{"status": "ok", "accuracy": 50, "x": ' + "[" * 100000 + "]" * 100000 + "}")
