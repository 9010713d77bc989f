from ketenregie.cli import main

raise SystemExit(main())
