"""Labour-dispute mediation (劳动争议调解仲裁法): requests, scheduling, sessions and agreements."""
