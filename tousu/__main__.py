import sys

from tousu.entry import main

sys.exit(main())
