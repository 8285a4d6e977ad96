# Resurrection is transitive: a finalizer that saves its object also saves everything that
# object refers to (here a cyclic cargo object), which must stay intact and is only freed
# after the saved object is dropped. (test_gc.py test_resurrection_is_transitive)
import gc
class Cargo:
    def __init__(self):
        self.me = self
class Lazarus:
    resurrected_instances = []
    def __del__(self):
        Lazarus.resurrected_instances.append(self)
gc.disable()
gc.collect()
laz = Lazarus()
cargo = Cargo()
cargo_id = id(cargo)
laz.cargo = cargo
cargo.laz = laz
del laz, cargo
print('collected1:', gc.collect())
print('instances:', len(Lazarus.resurrected_instances))
instance = Lazarus.resurrected_instances.pop()
print('has cargo:', instance.cargo.me is instance.cargo)
print('same cargo:', id(instance.cargo) == cargo_id)
print('cargo points back:', instance.cargo.laz is instance)
del instance
print('collected2:', gc.collect())
print('instances:', len(Lazarus.resurrected_instances))
