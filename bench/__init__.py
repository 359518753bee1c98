"""`make bench`: load timings (`load_steps.py`) and the endpoint benchmark (`python -m bench.endpoint`)."""
