print("nexboard")
