import sys

from tousu.cli import main

sys.exit(main())
