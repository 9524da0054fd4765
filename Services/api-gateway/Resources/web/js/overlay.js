// overlay (in progress)
