from regsite.cli import main

raise SystemExit(main())
