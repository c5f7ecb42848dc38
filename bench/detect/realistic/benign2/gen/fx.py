import sys, os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'gen'))  # base.py: the session-8 generators'
from base import *
FD = "/tmp/benign-s9/findings"
def save(L, name, desc, ips):
    p = L.write(name, FD)
    with open(os.path.join(FD, name + ".expect.toml"), "w") as f:
        f.write(f'description = "benign-s9: {desc}"\nunlisted_not_banned = true\n')
        for ip in ips:
            f.write(f'\n[[not_banned]]\nip = "{ip}"\n')
    return p
