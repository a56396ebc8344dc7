from dangjian.cli import main

raise SystemExit(main())
