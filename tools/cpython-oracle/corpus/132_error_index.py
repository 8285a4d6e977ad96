# Uncaught IndexError after a finally block ran: "IndexError: list index out of range";
# the finally output appears before the traceback.
def nth(items, n):
    try:
        return items[n]
    finally:
        print('looked up index', n)
data = [10, 20, 30]
print(nth(data, 0))
print(nth(data, -1))
print(nth(data, 3))
print('never printed')
