# Inheritance: bases, method override, calling the base implementation explicitly,
# inherited __init__, isinstance with subclasses, multiple bases and attribute lookup order.
class Animal:
    kind = 'animal'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return '...'
    def intro(self):
        return f'{self.name} the {self.kind} says {self.speak()}'
class Dog(Animal):
    kind = 'dog'
    def speak(self):
        return 'woof'
class Puppy(Dog):
    def __init__(self, name, age):
        Dog.__init__(self, name)
        self.age = age
    def speak(self):
        return Dog.speak(self) + '!'
class Cat(Animal):
    kind = 'cat'
for a in [Animal('generic'), Dog('rex'), Puppy('bit', 1), Cat('tom')]:
    print(a.intro())
p = Puppy('bit', 1)
print(isinstance(p, Puppy), isinstance(p, Dog), isinstance(p, Animal), isinstance(p, Cat))
print(isinstance(p, object), isinstance(p, (Cat, Dog)), type(p) is Dog)
print(p.age, p.name, p.kind)
class Swimmer:
    def move(self):
        return 'swim'
    def extra(self):
        return 'swimmer extra'
class Flyer:
    def move(self):
        return 'fly'
    def extra(self):
        return 'flyer extra'
    def only_fly(self):
        return 'only flyer'
class Duck(Swimmer, Flyer):
    pass
class Goose(Flyer, Swimmer):
    def extra(self):
        return 'goose: ' + Swimmer.extra(self)
d = Duck()
g = Goose()
print(d.move(), d.extra(), d.only_fly(), g.move(), g.extra())
print(isinstance(d, Flyer), isinstance(g, Swimmer))
