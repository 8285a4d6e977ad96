# An uncaught exception while objects with __del__ are alive: the traceback is printed,
# then the interpreter shuts down and finalizes them (their output follows on stdout).
# The last line of stderr is "RuntimeError: stopping with live objects".
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('finalized', self.name)
keep = Noisy('global')
def work():
    local = Noisy('local')
    print('working')
    raise RuntimeError('stopping with live objects')
work()
