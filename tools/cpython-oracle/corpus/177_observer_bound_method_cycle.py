# An observer registry that stores bound methods keeps every observer alive, and an
# observer that also holds its subject makes a cycle only gc.collect() frees; storing a
# weakref to the observer instead lets it die at once, and the entry is skipped.
import gc
import weakref


class Subject:
    def __init__(self):
        self.strong = []
        self.weak = []

    def notify(self, msg):
        for m in self.strong:
            m(msg)
        for r in self.weak:
            o = r()
            if o is not None:
                o.update(msg)
        return len(self.weak) - len([r for r in self.weak if r() is None])


class Observer:
    def __init__(self, name, subject):
        self.name = name
        self.subject = subject

    def update(self, msg):
        print('  ' + self.name, 'got', msg)

    def __del__(self):
        print('  del', self.name)


gc.disable()
gc.collect()
s = Subject()
s.strong.append(Observer('strong', s).update)
print('registering a weakref to a fresh observer:')
s.weak.append(weakref.ref(Observer('weak', s)))
print('after registering:')
print('live weak observers:', s.notify('hello'))
r = weakref.ref(s)
del s
print('subject dropped; alive:', r() is not None)
print('collected (subject, 2 lists, observer, method, weakref):', gc.collect(), r() is None)
