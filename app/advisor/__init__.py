"""The cold-storage advisor: what can leave the exchanges, what to deleverage, what is dangerous."""
