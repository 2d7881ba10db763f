from mkdocs_advocacy.cli import main

raise SystemExit(main())
