#!/usr/bin/env python3
"""Every #include line of every floor names a header of a floor it may use.

    check_includes.py SOURCE_DIR QT_INCLUDE_DIR FLOOR=USES=QT ...

Each FLOOR=USES=QT is a floor's folder, the folders it may use and the Qt modules it may use,
comma-separated, as cmake/Floors.cmake declares them. A quoted include is found as the compiler
finds it (beside the including file first, then in the floors' folders) and belongs to the floor
of the folder it is in; an include in angle brackets of a Qt header belongs to the Qt module
whose folder holds it (<QColor> and <QtGui/QColor> alike). Anything else (the C and C++
libraries, generated files) is not checked. Exit status 1 with one line per forbidden include.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_ENDINGS = ('.cpp', '.h')


def floor_of(path, floors, root):
    """The deepest floor folder that holds `path`, or None."""
    relative = os.path.relpath(path, root).replace(os.sep, '/')
    found = None
    for floor in floors:
        if relative.startswith(floor + '/') and (found is None or len(floor) > len(found)):
            found = floor
    return found


def qt_modules_by_header(qt_include_dir):
    """Header name -> Qt module ("QColor" -> "Gui"), from the Qt<Module> folders."""
    modules = {}
    for entry in sorted(os.listdir(qt_include_dir)):
        folder = os.path.join(qt_include_dir, entry)
        if not entry.startswith('Qt') or not os.path.isdir(folder):
            continue
        module = entry[2:]
        for header in os.listdir(folder):
            modules.setdefault(header, module)
            modules.setdefault(entry + '/' + header, module)
    return modules


def sources_of(floor, floors, root):
    """The .cpp and .h files of a floor, not those of a deeper floor inside it."""
    for directory, _, files in os.walk(os.path.join(root, floor)):
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.endswith(SOURCE_ENDINGS) and floor_of(path, floors, root) == floor:
                yield path


def header_floors(path, header, floors, root):
    """The floors of the headers the compiler can find for a quoted include: the one beside the
    file, else those in the floors' folders ("server/x.h" in common/ is common/server's)."""
    beside = os.path.normpath(os.path.join(os.path.dirname(path), header))
    if os.path.isfile(beside):
        return [floor_of(beside, floors, root)]
    found = (os.path.normpath(os.path.join(root, floor, header)) for floor in floors)
    return sorted({floor_of(path, floors, root) for path in found if os.path.isfile(path)})


def check(root, qt_include_dir, rules):
    floors = list(rules)
    qt_modules = qt_modules_by_header(qt_include_dir)
    problems = []
    checked = 0
    for floor, (uses, qt) in rules.items():
        allowed = {floor, *uses}
        for path in sources_of(floor, floors, root):
            with open(path, encoding='utf-8') as source:
                for number, line in enumerate(source, 1):
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    checked += 1
                    where = f'{os.path.relpath(path, root)}:{number}'
                    kind, header = match.groups()
                    if kind == '<':
                        module = qt_modules.get(header)
                        if module and module not in qt:
                            problems.append(f'{where}: <{header}> is Qt {module}; {floor}/ may '
                                            f'use Qt {", ".join(sorted(qt))} only')
                        continue
                    found = header_floors(path, header, floors, root)
                    if found and not allowed.intersection(found):
                        problems.append(f'{where}: "{header}" is in {", ".join(found)}/; '
                                        f'{floor}/ may use {", ".join(sorted(uses)) or "nothing"}'
                                        f' only')
    return checked, problems


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, qt_include_dir = argv[1], argv[2]
    rules = {}
    for rule in argv[3:]:
        floor, uses, qt = rule.split('=')
        rules[floor] = ({u for u in uses.split(',') if u}, {q for q in qt.split(',') if q})
    if not os.path.isdir(os.path.join(qt_include_dir, 'QtCore')):
        print(f'No QtCore folder in {qt_include_dir}: cannot tell Qt modules apart',
              file=sys.stderr)
        return 2
    checked, problems = check(root, qt_include_dir, rules)
    for problem in problems:
        print(problem)
    print(f'{checked} include lines in {len(rules)} floors checked, '
          f'{len(problems)} against the floors (docs/ARCHITECTURE.md, Floors)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
