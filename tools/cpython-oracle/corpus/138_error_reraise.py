# An exception caught, logged and re-raised with a bare raise, passing through a finally:
# stdout shows the handler and finally output, stderr ends in "KeyError: 'port'".
config = {'host': 'localhost'}
def get_setting(name):
    try:
        return config[name]
    except KeyError:
        print('missing setting', name)
        raise
    finally:
        print('lookup done for', name)
print(get_setting('host'))
print(get_setting('port'))
