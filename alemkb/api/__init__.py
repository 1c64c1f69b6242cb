"""What every API endpoint shares: pagination, throttling, conditional requests, exports."""
