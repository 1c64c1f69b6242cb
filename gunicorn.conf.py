# gunicorn reads this file from the directory it starts in (the repository, or /app in the
# image). The request line may be up to 8,190 bytes (gunicorn's maximum), above the
# application's own limit (MAX_URL_LENGTH, 4,096 characters), so that an overlong URL is
# answered by AlemKB in JSON rather than by gunicorn's plain page.
limit_request_line = 8190
