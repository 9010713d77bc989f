"""Entry script of the frozen bundle: the same as the `ketenregie` console script (ketenregie.cli:main)."""
import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when unused; required if a worker process is ever spawned
    from ketenregie.cli import main

    raise SystemExit(main())
