"""Paired timing of two or more commands, for changes too small for a batch of medians to show.

    paired.py ROUNDS COMMAND... [-- COMMAND...]...

Runs every command once per round, in a random order within the round (seeded, so reruns are alike), for
ROUNDS rounds, and prints each command's mean and median wall time and CPU time (user + system, from
wait4), and for every command after the first the mean of its paired differences from the first with a
bootstrap 95 % interval. Rounds pair the commands in the same state of the machine, which on a shared
virtual machine drifts by more than a millisecond from one minute to the next. Each process is timed from
posix_spawn to wait4, with its output sent to /dev/null.

    python3 Benchmarks/portfolio/paired.py 600 ./before report WS --org ID --out O -- ./after report WS --org ID --out O
"""
import os
import random
import statistics
import sys
import time


def main():
    rounds = int(sys.argv[1])
    commands, current = [], []
    for argument in sys.argv[2:]:
        if argument == "--":
            commands.append(current)
            current = []
        else:
            current.append(argument)
    commands.append(current)
    devnull = os.open(os.devnull, os.O_WRONLY)

    def timed(command):
        start = time.perf_counter()
        pid = os.posix_spawn(command[0], command, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        if status != 0:
            sys.exit(f"{' '.join(command)} failed")
        return (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000

    for command in commands:  # the binaries' pages in the page cache before anything is timed
        timed(command)
    generator = random.Random(1)
    wall = [[] for _ in commands]
    cpu = [[] for _ in commands]
    for _ in range(rounds):
        order = list(range(len(commands)))
        generator.shuffle(order)
        for index in order:
            w, c = timed(commands[index])
            wall[index].append(w)
            cpu[index].append(c)

    def interval(differences):
        means = sorted(statistics.fmean(generator.choices(differences, k=len(differences))) for _ in range(2000))
        return means[50], means[1949]

    for index, command in enumerate(commands):
        line = (f"wall mean {statistics.fmean(wall[index]):7.2f} median {statistics.median(wall[index]):7.2f}  "
                f"cpu mean {statistics.fmean(cpu[index]):7.2f}  {' '.join(command)}")
        if index > 0:
            dw = [a - b for a, b in zip(wall[index], wall[0])]
            dc = [a - b for a, b in zip(cpu[index], cpu[0])]
            (wl, wh), (cl, ch) = interval(dw), interval(dc)
            line += (f"\n    against the first: wall {statistics.fmean(dw):+.2f} ms [{wl:+.2f}, {wh:+.2f}], "
                     f"cpu {statistics.fmean(dc):+.2f} ms [{cl:+.2f}, {ch:+.2f}]")
        print(line)


if __name__ == "__main__":
    main()
