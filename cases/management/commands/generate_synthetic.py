import time

from django.core.management.base import BaseCommand, CommandError

from cases.synthetic import NotABenchmarkDatabase, generate


class Command(BaseCommand):
    help = (
        "Add clearly synthetic patients and citations for benchmarks, deterministic for a seed. "
        "Refuses unless ALEMKB_BENCHMARK_DATABASE=1 and the database name contains 'bench'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=100_000)
        parser.add_argument("--citations", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, patients, citations, seed, **options):
        if patients < 1 or citations < 1:
            raise CommandError("--patients and --citations must be at least 1.")
        started = time.monotonic()
        try:
            generate(patients, citations, seed)
        except NotABenchmarkDatabase as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Added {patients} synthetic patients and {citations} synthetic citations "
            f"in {time.monotonic() - started:.1f} s."
        )
