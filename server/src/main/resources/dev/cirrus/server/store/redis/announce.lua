-- Publishes a cache-wide event (ARGV[5]: L cleared, D deleted) on the bucket's channel.
publish(ARGV[5], 0, '', nil, nil)
return {0}
