// Tonight (in progress)
