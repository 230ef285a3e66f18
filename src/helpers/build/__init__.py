"""The batch runner and the site; never imported by a kernel: command line, plan, jobs, worker, engine,
kernels, lifecycle, publishing, input digests, site and its templates."""
