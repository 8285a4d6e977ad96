# SystemExit (what sys.exit() raises) leaves through Py_Exit: the finalizers at exit
# run as after a normal end, once the frames the SystemExit passed through are gone.
class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


a = D("a")
l = [D("l")]
b = D("b")


def leave():
    local = D("local")
    print("leaving with", local.name)
    raise SystemExit


leave()
