"""The in-app privacy view: the privacy catalogue, which doubles as the AVG art. 30 processing record."""
