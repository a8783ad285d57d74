"""Build the demo company: one deterministic (seeded) builder shared by the quickstart,
the benchmarks and the tests.

``helpfirst.demo.loader.load_demo`` writes it to the database; the modules beside it make the
pieces as plain data first (people, companies, journeys, interactions), so the same seed always
gives the same company. ``helpfirst.demo.large`` makes the benchmark-sized data set vectorised.
"""
