# Nested data structures: a list of dict records, grouping into a dict of lists,
# aggregates, a dict of dicts, and shallow copies sharing inner lists.
records = [
    {'name': 'ann', 'dept': 'eng', 'salary': 120},
    {'name': 'bob', 'dept': 'ops', 'salary': 90},
    {'name': 'cy', 'dept': 'eng', 'salary': 100},
    {'name': 'dee', 'dept': 'ops', 'salary': 95},
    {'name': 'eve', 'dept': 'hr', 'salary': 80},
]
by_dept = {}
for r in records:
    by_dept.setdefault(r['dept'], []).append(r['name'])
print(by_dept)
totals = {}
for r in records:
    totals[r['dept']] = totals.get(r['dept'], 0) + r['salary']
print(totals, max(totals.values()), sorted(totals.items()))
stats = {d: {'count': len(ns), 'first': ns[0]} for d, ns in by_dept.items()}
print(stats)
print(stats['eng']['count'], stats['hr']['first'])
richest = sorted([(r['salary'], r['name']) for r in records])[-1]
print(richest)
shallow = list(by_dept['eng'])
alias = by_dept['eng']
alias.append('zed')
print(shallow, by_dept['eng'])
table = [[r['name'], r['salary'] // 10] for r in records]
for row in table:
    print(row[0], '#' * row[1])
copy = dict(by_dept)
copy['hr'].append('new')
print(by_dept['hr'], copy is by_dept, copy['hr'] is by_dept['hr'])
