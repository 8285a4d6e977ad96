# Bound methods keep their instance alive (__self__). Stored on the instance they make a
# cycle the collector frees; stored in a class attribute they make the instance reachable
# from the class, so it is not garbage at all until the class-level list lets go.
import gc
class Sensor:
    listeners = []
    def __init__(self, name):
        self.name = name
        self.subscribers = []
    def notify(self, value):
        return self.name + ':' + str(value)
    def register(self):
        Sensor.listeners.append(self.notify)
    def subscribe_self(self):
        self.subscribers.append(self.notify)
gc.disable()
gc.collect()
s = Sensor('s')
s.subscribe_self()
m = s.subscribers[0]
print('bound method:', m.__self__ is s, m.__func__ is Sensor.notify, m(1))
del s, m
print('instance, its list, the bound method:', gc.collect())
t = Sensor('t')
t.register()
t.subscribe_self()
del t
print('reachable from the class, nothing collected:', gc.collect())
print('still usable:', Sensor.listeners[0](2), Sensor.listeners[0].__self__.name)
Sensor.listeners.clear()
print('class list cleared, now a plain cycle:', gc.collect())
u = Sensor('u')
u.twin = Sensor('twin')
u.twin.twin = u
Sensor.listeners.append(u.twin.notify)
del u
print('a pair kept alive through one bound method:', gc.collect(), Sensor.listeners[0](3))
Sensor.listeners.pop()
print('then freed:', gc.collect())
