#!/usr/bin/env python3
"""check_module.py FILE.py: the exported module is only definitions.

Parses it (without importing torch) and fails when a top-level statement is
anything but an import of torch, an assignment of a literal, a def, a class
or the `if __name__ == "__main__"` block. Prints SPACE and DECISIONS as
Python sees them.
"""
import ast
import sys

tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
values = {}
for node in tree.body:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [a.name for a in node.names]
        module = getattr(node, "module", None) or names[0]
        if not module.startswith("torch"):
            sys.exit("FAIL: line %d imports %s" % (node.lineno, module))
    elif isinstance(node, ast.Assign):
        values[node.targets[0].id] = ast.literal_eval(node.value)
    elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        pass
    elif isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'":
        pass
    else:
        sys.exit("FAIL: line %d runs %s" % (node.lineno, ast.unparse(node)))
print("SPACE", repr(values["SPACE"]))
print("DECISIONS", repr(values["DECISIONS"]))
