# Objects still alive when the program ends are finalized during interpreter shutdown:
# here one global instance, after the last line of the program has run.
class Resource:
    def __init__(self, name):
        self.name = name
        print('open', name)
    def __del__(self):
        print('close', self.name)
r = Resource('log file')
tmp = Resource('temporary')
del tmp
print('end of program')
