"""The learner's process: learner code runs here, apart from the checks that judge it.

The checks' process (pytest, the plugin, the peers) decides pass or fail; the learner's module
is imported only in a process of its own (main.py), reached through one channel (wire.py)
that carries plain data and file descriptors, never pickles. Both ends speak the same small
protocol (rpc.py) with the same codec (codec.py): plain values cross as values, sockets as
file descriptors, instances of the exercise's given classes by their fields, exceptions by
class name, message and the learner's frames, and anything else stays where it lives and is
driven from the other side through a handle.

Only kit code runs in the learner's process before the learner's module is imported: it
limits and fences itself first (limits.py, sandbox.py).
"""
