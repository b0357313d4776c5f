"""The file to give ``spark-submit``: it runs the ``marsad`` command line.

    spark-submit --master yarn ... $(python -c 'import marsad.scale.submit as m; print(m.__file__)') \
        run INPUT... --engine spark --output DIR

(spark-submit's ``--master`` is the master; see docs/scale.md)."""

from __future__ import annotations

if __name__ == "__main__":
    from marsad.cli import main

    main()
